import { useQuery } from '@tanstack/react-query';
import { fetchNeighbourhoods } from '../../api/users';

export function useNeighbourhoods() {
  return useQuery({ queryKey: ['neighbourhoods'], queryFn: fetchNeighbourhoods, staleTime: Infinity });
}

export function useNeighbourhoodName(id: string | null): string | null {
  const { data } = useNeighbourhoods();
  if (!id) return null;
  return data?.find((n) => n.id === id)?.name ?? null;
}
