import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { FeedList } from './FeedList';

export function HashtagPage() {
  const { t } = useTranslation();
  const { tag = '' } = useParams();
  return (
    <section aria-labelledby="hashtag-title">
      <h1 id="hashtag-title">#{tag}</h1>
      <FeedList feed={{ kind: 'hashtag', tag }} empty={t('feed.empty.hashtag')} />
    </section>
  );
}
