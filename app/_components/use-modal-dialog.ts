'use client';
// A <dialog> shown as a modal while `open` is true and closed when it turns false (showModal() gives the
// focus trap, Esc and the backdrop that a plain `open` attribute does not). Put the returned ref on the dialog.
import { useEffect, useRef } from 'react';

export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
