// next-auth v5: email + password (Credentials), JWT sessions. Roles are never put in the token:
// requireTenant reads the membership from the database on every request.
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { env } from '@/lib/env';
import { authenticateUser } from './authenticate-user';
import { logAuthError } from './log-auth-error';

// A function config: env (and with it the generated local secret) is read at request time, not at build time.
export const { handlers, auth, signIn, signOut } = NextAuth((): NextAuthConfig => ({
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: '/sign-in' },
  // A wrong password is an expected answer, not a server error worth a stack trace in the log.
  logger: {
    error: logAuthError,
    warn: () => {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: async (credentials) => {
        const user = await authenticateUser(credentials);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
