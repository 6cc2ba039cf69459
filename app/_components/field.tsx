// Labelled form controls (input, select, textarea, checkbox) with their error message wired up for screen
// readers. Every field has the same frame: label, control, then the hint or the error.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

type FrameProps = { label: string; name: string; error?: string; hint?: string };
type Props = InputHTMLAttributes<HTMLInputElement> & FrameProps;

/** The label, the hint or error below it, and the attributes that tie them to the control. */
function FieldFrame({
  label,
  name,
  id,
  error,
  hint,
  control,
}: FrameProps & { id?: string; control: (a11y: ControlA11y) => ReactNode }) {
  const inputId = id ?? `field-${name}`;
  const describedBy =
    [error ? `${inputId}-error` : null, hint ? `${inputId}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({
        id: inputId,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        className: `block w-full rounded-md border px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-indigo-500 ${
          error ? 'border-red-500' : 'border-slate-300'
        }`,
      })}
      {hint && !error ? (
        <p id={`${inputId}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${inputId}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type ControlA11y = {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  className: string;
};

export function Field({ label, name, error, hint, id, ...input }: Props) {
  return <FieldFrame {...{ label, name, error, hint, id }} control={(a11y) => <input {...a11y} {...input} />} />;
}

/** A labelled `<select>`; the options are its children. */
export function SelectField({
  label,
  name,
  error,
  hint,
  id,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & FrameProps) {
  return (
    <FieldFrame
      {...{ label, name, error, hint, id }}
      control={(a11y) => (
        <select {...a11y} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/** A labelled `<textarea>`. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  id,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & FrameProps) {
  return <FieldFrame {...{ label, name, error, hint, id }} control={(a11y) => <textarea {...a11y} {...textarea} />} />;
}

/** A checkbox with its label text to the right, the whole line clickable. */
export function CheckboxField({
  label,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="h-4 w-4" {...input} />
      {label}
    </label>
  );
}

/** The account email field of the sign-in, sign-up, invitation and password-reset forms. */
export function EmailField({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  return (
    <Field
      label="Email"
      name="email"
      type="email"
      autoComplete="email"
      required
      defaultValue={defaultValue}
      error={error}
    />
  );
}

/** The person's own name (sign-up, invitation, profile): what teammates see instead of the address. */
export function NameField({ label = 'Your name', ...rest }: Partial<Props>) {
  return <Field label={label} name="name" autoComplete="name" {...rest} />;
}

/** A password being chosen (sign-up, invitation, reset, change); the rules are the server's (lib/auth). */
export function NewPasswordField({
  label = 'Password',
  name = 'password',
  hint = 'At least 12 characters, not easy to guess.',
  ...rest
}: Partial<Props>) {
  return <Field label={label} name={name} type="password" autoComplete="new-password" required hint={hint} {...rest} />;
}
