-- AlterTable
ALTER TABLE "auth_session" ADD COLUMN "auth_level" TEXT;
ALTER TABLE "auth_session" ADD COLUMN "verified_at" DATETIME;

-- CreateTable
CREATE TABLE "auth_passkey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "credential_id" TEXT NOT NULL,
    "public_key" BLOB NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT NOT NULL DEFAULT '',
    "device_type" TEXT NOT NULL,
    "backed_up" BOOLEAN NOT NULL DEFAULT false,
    "user_handle" TEXT NOT NULL,
    "aaguid" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME,
    CONSTRAINT "auth_passkey_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "auth_webauthn_challenge" (
    "challenge_hash" TEXT NOT NULL PRIMARY KEY,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "auth_passkey_credential_id_key" ON "auth_passkey"("credential_id");

-- CreateIndex
CREATE INDEX "auth_passkey_user_id_idx" ON "auth_passkey"("user_id");

-- CreateIndex
CREATE INDEX "auth_webauthn_challenge_expires_at_idx" ON "auth_webauthn_challenge"("expires_at");

