import type { APIResponse } from "@playwright/test";

/** Status, headers (all but Date and Set-Cookie) and body of an answer, for comparing two. */
export async function responseShape(response: APIResponse) {
  const headers = response
    .headersArray()
    .filter((h) => !["date", "set-cookie"].includes(h.name.toLowerCase()))
    .map((h) => `${h.name.toLowerCase()}: ${h.value}`)
    .sort();
  return { status: response.status(), headers, body: await response.text() };
}
