// The acknowledgement's subject and text from a mailbox template.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACK_TEMPLATE, renderAcknowledgement } from '@/lib/acknowledgements/render-acknowledgement';

const base = {
  caseNumber: 42,
  caseSubject: 'Printer on fire',
  requesterName: 'Ann',
  requesterEmail: 'ann@customer.example',
};

describe('renderAcknowledgement', () => {
  it('uses the default template when the mailbox has none, with the case token in the subject', () => {
    const { subject, text } = renderAcknowledgement({ ...base, template: null });
    expect(subject).toBe('[Case #42] Printer on fire');
    expect(text).toContain('Hello Ann,');
    expect(text).toContain('case #42: "Printer on fire"');
    expect(text).not.toContain('{{');
    expect(renderAcknowledgement({ ...base, template: '   ' }).text).toBe(
      renderAcknowledgement({ ...base, template: DEFAULT_ACK_TEMPLATE }).text,
    );
  });

  it('fills the placeholders (spaces allowed) and leaves unknown ones as written', () => {
    const { text } = renderAcknowledgement({
      ...base,
      template: '{{ requester.name }}/{{case.number}}/{{case.subject}}/{{case.secret}}/{{case.number}}',
    });
    expect(text).toBe('Ann/42/Printer on fire/{{case.secret}}/42');
  });

  it('uses the address when the requester gave no name, and keeps values on one line', () => {
    const { text } = renderAcknowledgement({
      ...base,
      requesterName: null,
      caseSubject: 'two\r\nlines',
      template: '{{requester.name}}: {{case.subject}}',
    });
    expect(text).toBe('ann@customer.example: two lines');
  });

  it('does not interpret placeholders that arrive inside a value', () => {
    const { text } = renderAcknowledgement({
      ...base,
      caseSubject: '{{requester.name}} $& $1',
      template: '{{case.subject}}',
    });
    expect(text).toBe('{{requester.name}} $& $1');
  });

  it('does not duplicate a token the subject already carries, and replaces another case’s', () => {
    expect(renderAcknowledgement({ ...base, caseSubject: 'Re: [Case #42] Printer', template: null }).subject).toBe(
      'Re: [Case #42] Printer',
    );
    expect(renderAcknowledgement({ ...base, caseSubject: '[Case #7] Printer', template: null }).subject).toBe(
      '[Case #42] Printer',
    );
  });
});
