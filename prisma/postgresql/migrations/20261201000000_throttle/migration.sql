-- CreateTable
CREATE TABLE "auth_throttle" (
    "throttle_key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_attempt" BIGINT NOT NULL,
    "blocked_until" BIGINT NOT NULL,

    CONSTRAINT "auth_throttle_pkey" PRIMARY KEY ("throttle_key")
);

-- CreateIndex
CREATE INDEX "auth_throttle_last_attempt_idx" ON "auth_throttle"("last_attempt");

