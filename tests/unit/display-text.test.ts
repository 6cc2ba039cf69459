// Subjects, names and file names as shown: no bidi spoofing, no invisible characters, cut on characters.
import { describe, expect, it } from 'vitest';
import { cleanDisplayText } from '@/lib/text/clean-display-text';
import { truncateCodeUnits, truncateText } from '@/lib/text/truncate-text';

describe('cleanDisplayText', () => {
  it('removes a right-to-left override so "invoice\u202Egpj.exe" cannot read as "invoiceexe.jpg"', () => {
    expect(cleanDisplayText('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
  });

  it.each([
    ['embeddings and overrides', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef'],
    ['isolates', 'a\u2066b\u2067c\u2068d\u2069e'],
    ['marks', 'a\u200Eb\u200Fc\u061Cd'],
    ['zero-width and invisible characters', 'a\u200Bb\u2060c\uFEFFd\u00ADe\u2062f'],
    ['controls', 'a\u0000b\u0007c\u001Bd\u007Fe\u0085f'],
  ])('removes %s', (_name, text) => {
    expect(cleanDisplayText(text)).toMatch(/^[a-f]+$/);
  });

  it('turns line breaks and tabs into spaces and keeps joiners, accents and right-to-left script', () => {
    expect(cleanDisplayText('Re:\r\n\tHello')).toBe('Re: Hello');
    expect(cleanDisplayText('👩‍💻 café שלום')).toBe('👩‍💻 café שלום');
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis, never inside an emoji', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('x'.repeat(3000), 120)).toHaveLength(120);
    expect(truncateText('x'.repeat(3000), 120).endsWith('…')).toBe(true);
    const emoji = truncateText('👩‍💻'.repeat(10), 3);
    expect(emoji).toBe('👩‍💻👩‍💻…');
  });

  it('truncateCodeUnits stops before a surrogate pair that would not fit', () => {
    const cut = truncateCodeUnits(`${'a'.repeat(199)}\u{1F600}`, 200);
    expect(cut).toBe('a'.repeat(199));
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});
