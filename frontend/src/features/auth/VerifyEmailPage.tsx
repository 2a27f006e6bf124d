import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { verifyEmail } from '../../api/auth';
import { toProblem } from '../../api/problem';
import { FormAlert } from '../../components/Form/Field';
import { problemMessage, useMessage } from '../../components/Form/messages';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  // A query, not an effect: it runs once per token even under StrictMode, and a link works only once.
  const verification = useQuery({
    queryKey: ['verify-email', token],
    queryFn: async () => {
      await verifyEmail(token);
      return true;
    },
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });

  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">{t('auth.verify.title')}</h1>
      {token === '' ? <FormAlert>{t('errors.invalid_token')}</FormAlert> : null}
      {verification.isPending && token !== '' ? <p role="status">{t('auth.verify.pending')}</p> : null}
      {verification.isSuccess ? (
        <>
          <FormAlert tone="success">{t('auth.verify.done')}</FormAlert>
          <p>
            <Link to="/login">{t('auth.login.link')}</Link>
          </p>
        </>
      ) : null}
      {verification.isError ? (
        <>
          <FormAlert>{message(problemMessage(toProblem(verification.error)))}</FormAlert>
          <p>
            <Link to="/login">{t('auth.login.link')}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
