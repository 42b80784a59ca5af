-- CreateTable
CREATE TABLE "auth_throttle" (
    "throttle_key" TEXT NOT NULL PRIMARY KEY,
    "attempts" INTEGER NOT NULL,
    "last_attempt" BIGINT NOT NULL,
    "blocked_until" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "auth_throttle_last_attempt_idx" ON "auth_throttle"("last_attempt");

