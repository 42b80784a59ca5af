-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN     "is_superuser" BOOLEAN NOT NULL DEFAULT false;

