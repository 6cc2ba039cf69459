// How many and how large files an agent may attach to one reply or note (the composer checks them before
// uploading; lib/cases/outgoing-attachments.ts enforces them).
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_TOTAL_BYTES = 20 * 1024 * 1024;
