import type { ClaimKind, Speaker } from '../../record.js';
import type { Entity } from '../../record.js';
import type { EntityMention } from '../entities/index.js';

export interface Span {
  start: number;
  end: number;
}

export interface RawClaim {
  kind: ClaimKind;
  speaker: Speaker | null;
  cue: Span;
  content: Span;
  /** Stance carried by the cue itself ("condemns", "urging"), before the content is read. */
  cueStance?: 'support' | 'oppose';
  confidence: number;
  /** The rule (or learned path) that found it: the claim's provenance, so analysts and evaluation can tell
   * the paths apart. */
  rule: string;
  /** The model that decided it, when it is not the cue finder (models/NAME.json.gz: 'attribution-polnear'). */
  model?: string;
  /** The model's raw score for the claim (a probability before calibration), kept for calibrating confidence. */
  score?: number;
}

export interface SpeakerContext {
  text: string;
  mentions: EntityMention[];
  entities: Entity[];
}
