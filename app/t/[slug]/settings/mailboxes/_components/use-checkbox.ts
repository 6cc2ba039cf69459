'use client';
// A checkbox that shows or hides other fields: its state, and the props that bind it (spread them on the
// CheckboxField or input).
import { useState } from 'react';

export function useCheckbox(initial: boolean) {
  const [checked, setChecked] = useState(initial);
  return { checked, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setChecked(e.target.checked) };
}
