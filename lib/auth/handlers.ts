// Route handlers for app/api/auth/[...nextauth], re-exported so the route file stays a one-liner.
import { handlers } from './config';

export const { GET, POST } = handlers;
