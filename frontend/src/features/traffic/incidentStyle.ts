import type { IncidentType, TrafficLevel } from '../../api/traffic';

/** A symbol and a colour per incident type, for the list and the map (the type is always written too). */
export const INCIDENT_STYLE: Record<IncidentType, { symbol: string; colour: string }> = {
  accident: { symbol: '💥', colour: '#c62828' },
  roadworks: { symbol: '🚧', colour: '#e07b00' },
  closure: { symbol: '⛔', colour: '#8e0000' },
  congestion: { symbol: '🚗', colour: '#d84315' },
  hazard: { symbol: '⚠️', colour: '#b08800' },
  police: { symbol: '👮', colour: '#1f4e79' },
  event: { symbol: '🎪', colour: '#6a1b9a' },
  other: { symbol: '📍', colour: '#455a64' },
};

export const LEVEL_SYMBOL: Record<TrafficLevel, string> = { fluid: '🟢', busy: '🟠', congested: '🔴', unknown: '⚪' };
