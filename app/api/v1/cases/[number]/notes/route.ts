// POST /api/v1/cases/:number/notes – add an internal note ({ "text", "attachments"?: [{ "filename", "contentType",
// "contentBase64" }] }); never emailed
import { MAX_JSON_BODY_WITH_ATTACHMENTS } from '@/lib/cases/outgoing-attachments';
import { addNote, addNoteInput } from '@/lib/cases/add-note';
import { caseActionRoute } from '../../case-action-route';

export const POST = caseActionRoute(
  { body: addNoteInput, status: 201, maxBodyBytes: MAX_JSON_BODY_WITH_ATTACHMENTS },
  addNote,
);
