import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** Shapes and call of the administrators' source health API (docs/api/city.md, "Sources"). */

export const SOURCE_KINDS = ['events', 'news'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type SourceFormat = 'json_ld' | 'ical' | 'open_agenda' | 'opendatasoft' | 'html' | 'feed';
export const SOURCE_STATES = ['ok', 'error', 'not_configured', 'disabled', 'pending'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

export interface SkippedItem {
  item: string;
  reason: string;
}

export interface SourceHealth {
  id: string;
  name: string;
  kind: SourceKind;
  url: string;
  homepage: string;
  format: SourceFormat;
  every_minutes: number;
  licence: string;
  notes: string;
  state: SourceState;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  items_seen: number;
  items_skipped: number;
  skipped: SkippedItem[];
}

export async function fetchSources(): Promise<SourceHealth[]> {
  return (await api.get<{ items: SourceHealth[] }>('/admin/sources')).data.items;
}

export const sourceKeys = {
  all: ['admin', 'sources'] as const,
};

/** Every source with its health; only asked for when `enabled` (an administrator is signed in). */
export function useSources(enabled: boolean) {
  return useQuery({ queryKey: sourceKeys.all, queryFn: fetchSources, enabled });
}
