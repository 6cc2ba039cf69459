// next-auth v5: email + password (Credentials), JWT sessions that name a revocable session row
// (./user-sessions.ts). Roles are never put in the token: requireTenant reads the membership from the
// database on every request, and getSessionUser checks the session row and version on every request.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { withSystem } from '@/db/tenancy';
import { env } from '@/lib/env';
import { logAuthError } from './log-auth-error';
import { requestClientAddress } from './client-address';
import { signInWithPassword } from './sign-in-with-password';
import { SESSION_MAX_AGE_SECONDS, startSession } from './user-sessions';

/** A refusal because of throttling: the sign-in page reads the wait from the code (`retry-after-N`). */
export class ThrottledSignIn extends CredentialsSignin {
  constructor(seconds: number) {
    super();
    this.code = `retry-after-${seconds}`;
  }
}

// A function config: env (and with it the generated local secret) is read at request time, not at build time.
export const { handlers, auth, signIn, signOut } = NextAuth((): NextAuthConfig => ({
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in' },
  // A wrong password is an expected answer, not a server error worth a stack trace in the log.
  logger: {
    error: logAuthError,
    warn: () => {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: async (credentials, request) => {
        const outcome = await signInWithPassword(credentials, {
          clientAddress: requestClientAddress(request?.headers),
        });
        if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name };
        if (outcome.retryAfterSeconds) throw new ThrottledSignIn(outcome.retryAfterSeconds);
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        const session = await withSystem((tx) => startSession(tx, user.id!));
        token.sub = user.id;
        token.sid = session.sessionId;
        token.sv = session.version;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === 'string') session.sid = token.sid;
      if (typeof token.sv === 'number') session.sv = token.sv;
      return session;
    },
  },
}));
