-- AlterTable
ALTER TABLE "auth_session" ADD COLUMN     "auth_level" TEXT,
ADD COLUMN     "verified_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "auth_passkey" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "credential_id" TEXT NOT NULL,
    "public_key" BYTEA NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT NOT NULL DEFAULT '',
    "device_type" TEXT NOT NULL,
    "backed_up" BOOLEAN NOT NULL DEFAULT false,
    "user_handle" TEXT NOT NULL,
    "aaguid" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "auth_passkey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_webauthn_challenge" (
    "challenge_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "auth_webauthn_challenge_pkey" PRIMARY KEY ("challenge_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "auth_passkey_credential_id_key" ON "auth_passkey"("credential_id");

-- CreateIndex
CREATE INDEX "auth_passkey_user_id_idx" ON "auth_passkey"("user_id");

-- CreateIndex
CREATE INDEX "auth_webauthn_challenge_expires_at_idx" ON "auth_webauthn_challenge"("expires_at");

-- AddForeignKey
ALTER TABLE "auth_passkey" ADD CONSTRAINT "auth_passkey_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

