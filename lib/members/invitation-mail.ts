// The invitation message: who invites, to which workspace, as what, and the single-use link.
import type { Role } from '@/lib/auth/roles';
import type { SystemMail } from '@/lib/mail/send/send-system-mail';

export function invitationMail(p: {
  to: string;
  link: string;
  workspace: string;
  role: Role;
  inviter: string;
  expiresAt: Date;
}): SystemMail {
  // Header-safe: the workspace name is the tenant's own text, kept to one line.
  const workspace = p.workspace.replace(/[\r\n\t]+/g, ' ').slice(0, 200);
  return {
    to: p.to,
    subject: `You are invited to ${workspace} on Caseflow`,
    text: [
      `${p.inviter} invited you to join the workspace "${workspace}" on Caseflow as ${p.role === 'agent' ? 'an agent' : `an ${p.role}`}.`,
      '',
      'Accept the invitation here (the link works once):',
      p.link,
      '',
      `It expires on ${p.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    ].join('\n'),
  };
}
