// next-auth's own endpoints (session, CSRF, callbacks, sign-out).
export { GET, POST } from '@/lib/auth/handlers';
