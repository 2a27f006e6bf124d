import { useSearchParams } from 'react-router';
import type { NewsFilters } from '../../api/news';

/** The news page's filters, as its address says. */
export function useNewsSearch(): [NewsFilters, (changes: Record<string, string | null | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: NewsFilters = {};
  const category = params.get('category');
  const source = params.get('source');
  if (category) filters.category = category;
  if (source) filters.source = source;
  if (params.get('local') === 'true') filters.local = true;
  const update = (changes: Record<string, string | null | undefined>) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };
  return [filters, update];
}
