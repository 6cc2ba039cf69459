// The session claims Caseflow adds to next-auth's JWT and session (./user-sessions.ts).
import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    sid?: string;
    sv?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string;
    sv?: number;
  }
}
