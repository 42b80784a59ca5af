"use client";
import { useEffect, useState } from "react";

function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${minutes}:${String(rest).padStart(2, "0")} minutes`;
}

/**
 * Under a "too many attempts" alert: the wait, counting down, then that the form can be used
 * again. Not a live region: the alert already said how long; a second-by-second announcement
 * would drown everything else.
 */
export function RetryCountdown({ seconds }: { seconds: number }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const until = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return (
    <p className="hint countdown" data-testid="retry-countdown">
      {left > 0 ? `You can try again in ${wait(left)}.` : "You can try again now."}
    </p>
  );
}
