import "server-only";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { fieldErrors, getCurrentUser, isTemporarilyUnavailable, loginPath, type PublicUser } from "@/lib/auth";
import { textField, type FormState } from "./form-state";
import { UNAVAILABLE_MESSAGE } from "./messages";

// The one pattern of every form's server action (saas-starter's validatedAction): the form's
// fields parsed by the schema, every field's errors at once, the fields named in `keep` shown
// again (never a password), and an outage or a busy password hasher turned into the form's own
// "try again" rather than the error page. Redirects pass through.

type Schema = z.ZodObject;
type Options = {
  keep?: string[];
  /** For forms of hidden fields only: one message instead of errors no field would show. */
  invalid?: string;
};

function input(schema: Schema, formData: FormData): Record<string, unknown> {
  // A field the form does not have reads as missing (undefined), as in a JSON body without it.
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, formData.get(name) ?? undefined]));
}

async function answer(values: Record<string, string> | undefined, work: () => Promise<FormState>): Promise<FormState> {
  try {
    const state = await work();
    return values ? { values, ...state } : state;
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound(), forbidden() work by throwing
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE, ...(values ? { values } : {}) };
    throw error;
  }
}

function kept(formData: FormData, keep: string[] | undefined): Record<string, string> | undefined {
  return keep ? Object.fromEntries(keep.map((name) => [name, textField(formData, name)])) : undefined;
}

/** An action for anyone: `action` gets the parsed input. */
export function validatedAction<S extends Schema>(
  schema: S,
  action: (input: z.infer<S>, formData: FormData) => Promise<FormState>,
  options: Options = {},
): (previous: FormState, formData: FormData) => Promise<FormState> {
  return async (_previous, formData) => {
    const values = kept(formData, options.keep);
    const parsed = schema.safeParse(input(schema, formData));
    if (!parsed.success && options.invalid) return { message: options.invalid };
    if (!parsed.success) return { errors: fieldErrors(parsed.error), ...(values ? { values } : {}) };
    return answer(values, () => action(parsed.data, formData));
  };
}

/**
 * An action for a logged-in user, checked against the database on the POST itself (a page that
 * showed the form proves nothing); without one, to the login page, back to `page` after.
 */
export function validatedUserAction<S extends Schema>(
  page: string,
  schema: S,
  action: (input: z.infer<S>, user: PublicUser, formData: FormData) => Promise<FormState>,
  options: Options = {},
): (previous: FormState, formData: FormData) => Promise<FormState> {
  return validatedAction(
    schema,
    async (parsed, formData) => {
      const user = await getCurrentUser();
      if (!user) redirect(loginPath(page));
      return action(parsed, user, formData);
    },
    options,
  );
}
