"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { saveNoteAction } from "./note-actions";
import { NOTE_MAX_LENGTH } from "./session-note";

export function NoteForm({ note }: { note: string }) {
  const [state, formAction] = useActionState(saveNoteAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field
        label="Note"
        name="note"
        autoComplete="off"
        defaultValue={state.values?.note ?? note}
        errors={state.errors?.note}
        hint={`Up to ${NOTE_MAX_LENGTH} characters; save it empty to remove it.`}
        required={false}
      />
      <SubmitButton className="secondary" pendingLabel="Saving…">
        Save note
      </SubmitButton>
    </ActionForm>
  );
}
