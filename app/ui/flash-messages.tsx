import { type FlashMessage, isTemporarilyUnavailable, takeMessages } from "@/lib/auth";

/**
 * The session's flash messages (lib/auth/session/messages.ts), shown once: reading them removes them.
 * Render it in a page, after the page's own access check, never in a layout: layouts are not
 * rendered again on client-side navigation, so a message would be taken and never shown.
 */
export async function FlashMessages() {
  let messages: FlashMessage[] = [];
  try {
    messages = await takeMessages();
  } catch (error) {
    // A lost notice is better than an error page; the page itself reports an outage.
    if (!isTemporarilyUnavailable(error)) throw error;
  }
  if (messages.length === 0) return null;
  return (
    <div role="status" className="messages">
      {messages.map((message, index) => (
        <p key={index} className={`notice notice-${message.level}`}>
          {message.text}
        </p>
      ))}
    </div>
  );
}
