// /api/v1/* that matches no endpoint: the API's JSON 404 (after the key check, like every other route).
import { apiRoute } from '@/lib/api/api-route';
import { AppError } from '@/lib/errors';

const notFound = apiRoute({ transaction: false }, async () => {
  throw new AppError('not_found', 'No such API endpoint.');
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
