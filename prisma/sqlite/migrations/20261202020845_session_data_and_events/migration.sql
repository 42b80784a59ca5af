-- CreateTable
CREATE TABLE "auth_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "user_id" INTEGER,
    "username" TEXT,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "detail" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_auth_session" (
    "session_key_hash" TEXT NOT NULL PRIMARY KEY,
    "user_id" INTEGER,
    "session_data" TEXT NOT NULL DEFAULT '{}',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expire_date" DATETIME NOT NULL,
    "absolute_expire_date" DATETIME NOT NULL,
    "persistent" BOOLEAN NOT NULL DEFAULT false,
    "ip_address" TEXT,
    "user_agent" TEXT,
    CONSTRAINT "auth_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_auth_session" ("absolute_expire_date", "created_at", "expire_date", "ip_address", "last_seen", "persistent", "session_key_hash", "user_agent", "user_id") SELECT "absolute_expire_date", "created_at", "expire_date", "ip_address", "last_seen", "persistent", "session_key_hash", "user_agent", "user_id" FROM "auth_session";
DROP TABLE "auth_session";
ALTER TABLE "new_auth_session" RENAME TO "auth_session";
CREATE INDEX "auth_session_user_id_idx" ON "auth_session"("user_id");
CREATE INDEX "auth_session_expire_date_idx" ON "auth_session"("expire_date");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "auth_event_user_id_created_at_idx" ON "auth_event"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "auth_event_created_at_idx" ON "auth_event"("created_at");

-- CreateIndex
CREATE INDEX "auth_event_event_created_at_idx" ON "auth_event"("event", "created_at");

