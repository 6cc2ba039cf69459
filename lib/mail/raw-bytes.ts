// The byte values the raw-message scanners compare against (scan-mime-structure.ts, import-fingerprint.ts,
// normalize-line-endings.ts): they read the bytes as fetched, not decoded text, so they name the ASCII
// codes RFC 5322 and RFC 2046 are written in.
export const HT = 9;
export const LF = 10;
export const CR = 13;
export const SP = 32;
export const DASH = 45;
export const COLON = 58;
