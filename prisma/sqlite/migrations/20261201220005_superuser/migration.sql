-- Django's is_superuser. Written as ADD COLUMN rather than the table rebuild Prisma's diff
-- generates for SQLite: a rebuild lists every column of auth_user as of when it was generated,
-- so on a branch merged after another migration that added columns, it would drop them.
-- AlterTable
ALTER TABLE "auth_user" ADD COLUMN "is_superuser" BOOLEAN NOT NULL DEFAULT false;
