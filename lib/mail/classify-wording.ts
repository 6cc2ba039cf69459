// Subject and body wording of machine-written mail, in several languages. A weak signal: it only
// chooses the kind (vacation, bounce, receipt) once a header or structure rule has fired, and
// backs up Exchange's X-Auto-Response-Suppress. Alone it never makes a message auto-generated.

const VACATION = new RegExp(
  [
    // English
    'out[ -]of[ -](the )?office',
    '\\booo\\b',
    '\\bon (annual |parental |sick )?leave\\b',
    '\\bon (vacation|holiday|holidays)\\b',
    '\\baway from (the |my )?(office|desk|e-?mail|mail)\\b',
    '\\bautomatic reply\\b',
    '\\bvacation\\b',
    '\\bcurrently away\\b',
    '\\bi am away\\b',
    "\\bi'm away\\b",
    '\\babsent\\b',
    '\\babsence\\b',
    // German
    'abwesenheit',
    'abwesend',
    'automatische antwort',
    'urlaub',
    'nicht im büro',
    'au(ß|ss)er haus',
    'nicht erreichbar',
    // French
    'réponse automatique',
    'reponse automatique',
    "message d'absence",
    '\\ben congé',
    '\\ben vacances\\b',
    'hors du bureau',
    // Spanish, Portuguese, Italian, Dutch
    'respuesta automática',
    'respuesta automatica',
    'fuera de (la )?oficina',
    '\\bausente\\b',
    '\\bausencia\\b',
    'de vacaciones',
    'resposta automática',
    'fora do escritório',
    'de férias',
    'risposta automatica',
    'fuori (sede|ufficio)',
    '\\bin ferie\\b',
    'automatisch antwoord',
    '\\bafwezig\\b',
    'met vakantie',
    'buiten kantoor',
    // Nordic, Polish, Czech
    'autosvar',
    'frånvarande',
    'fraværende',
    'automaattinen vastaus',
    'odpowiedź automatyczna',
    'nieobecn',
    'automatická odpověď',
    // Japanese, Chinese
    '自動応答',
    '自動返信',
    '不在',
    '休暇',
    '外出中',
    '留守',
    '自动回复',
    '休假',
    '不在办公室',
  ].join('|'),
  'iu',
);

/** Subject prefixes that Exchange/Outlook and common servers put on out-of-office replies. */
const OOF_SUBJECT_PREFIX =
  /^\s*(automatic reply|out of office( autoreply)?|auto(matic)? ?response|automatische antwort|abwesenheitsnotiz|abwesend|réponse automatique|reponse automatique|absence|respuesta automática|respuesta automatica|fuera de la oficina|risposta automatica|automatisch antwoord|resposta automática|autosvar|automaattinen vastaus|odpowiedź automatyczna|automatická odpověď|automatikus válasz|自動応答|自動返信|不在通知|自动回复)\s*[:：]/iu;

const BOUNCE = new RegExp(
  [
    'undeliverable',
    'undelivered',
    'delivery status notification',
    'failure notice',
    'returned mail',
    'mail delivery fail',
    'delivery fail',
    'could not be delivered',
    "couldn't be delivered",
    'not delivered',
    'delivery has failed',
    'message not delivered',
    'delivery problem',
    'delayed mail',
    'delivery delayed',
    'delivery incomplete',
    'unable to deliver',
    'warning: could not send',
    'unzustellbar',
    'nicht zustellbar',
    'non remis',
    'non distribuable',
    'échec de (la )?remise',
    'no se puede entregar',
    'no entregado',
    'no se pudo entregar',
    'non recapitabile',
    'onbestelbaar',
    '配信不能',
    '配送エラー',
    '送信できません',
    '未送达',
    '退信',
  ].join('|'),
  'iu',
);

const DELAY =
  /\b(delay(ed)?|still being retried|will retry|has not yet been delivered|verzögert|retardé|retrasad|遅延)/iu;

const RECEIPT =
  /^\s*(read|gelesen|lu|leído|leido|letto|gelezen|lido|開封済み|已读|read receipt|return receipt|disposition notification)\s*[:：]/iu;

function head(text: string | undefined): string {
  return (text ?? '').slice(0, 2_000).normalize('NFC');
}

export function mentionsVacation(subject: string, text?: string): boolean {
  return VACATION.test(subject.normalize('NFC')) || VACATION.test(head(text));
}

export function hasOofSubject(subject: string): boolean {
  return OOF_SUBJECT_PREFIX.test(subject.normalize('NFC'));
}

export function mentionsBounce(subject: string, text?: string): boolean {
  return BOUNCE.test(subject.normalize('NFC')) || BOUNCE.test(head(text));
}

export function mentionsDelay(subject: string, text?: string): boolean {
  return DELAY.test(subject.normalize('NFC')) || DELAY.test(head(text));
}

export function hasReceiptSubject(subject: string): boolean {
  return RECEIPT.test(subject.normalize('NFC'));
}
