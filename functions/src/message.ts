/**
 * The community queue's message (PRODUCT.md §7) as a zod schema: version, reference, times, the
 * normalised declaration, its routing and the evaluated risk. A few KB, far below the 128 KB limit.
 */
// Structural on purpose: the declaration was fully checked by the API when it was accepted, and a
// message may be delivered or re-sent from the outbox days later, when the arrival window of the
// API's schema (today ± 14 days) would refuse it. This checks shape and types only.
import * as z from 'zod/mini';
import type { Same } from './same-shape';
import type { PolicyOutcome } from '../../src/lib/policy';
import {
  HEALTH_CODES,
  ID_TYPES,
  NUCLEIC_TESTS,
  SYMPTOMS,
  TRANSPORTS,
  type Declaration,
} from '../../src/schemas/declaration';

const text = z.string();
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const instant = z.iso.datetime();
const risk = z.enum(['high', 'medium', 'low']);

/** A normalised declaration as the queue carries it and the ledger stores it. */
export const StoredDeclarationSchema = z.object({
  name: text,
  idType: z.enum(ID_TYPES),
  idNumber: text,
  phone: text,
  areaId: text,
  addressDetail: text,
  originRegion: text,
  originDetail: z.optional(text),
  departureDate: date,
  arrivalDate: date,
  transport: z.enum(TRANSPORTS),
  transportDetail: z.optional(text),
  viaRiskArea: z.boolean(),
  healthCode: z.enum(HEALTH_CODES),
  symptoms: z.array(z.enum(SYMPTOMS)),
  temperature: z.optional(z.number()),
  nucleicTest: z.enum(NUCLEIC_TESTS),
  nucleicTestDate: z.optional(date),
  closeContact: z.boolean(),
  companions: z.int(),
  note: z.optional(text),
  consent: z.literal(true),
  submissionId: z.optional(text),
});

/** The policy outcome as stored with a declaration. */
export const StoredOutcomeSchema = z.object({
  risk,
  reasons: z.array(text),
  measures: z.array(text),
  monitoringDays: z.int(),
  testDays: z.array(date),
  monitoringEnds: z.nullable(date),
});

/** One accepted declaration on its way to the ledger. */
export const DeclarationMessageSchema = z.object({
  v: z.literal(1),
  reference: z.string().check(z.regex(/^\d{4}-\d{4}-\d$/)),
  /** When the reference was first issued. */
  receivedAt: instant,
  /** When this submission of it arrived; the ledger keeps the newest. */
  submittedAt: instant,
  declaration: StoredDeclarationSchema,
  routing: z.object({ areaId: text, gridId: text }),
  outcome: StoredOutcomeSchema,
});

/** One accepted declaration on its way to the ledger. */
export type DeclarationMessage = z.output<typeof DeclarationMessageSchema>;

// The stored shapes must be exactly what the API's schema and the policy evaluator produce: a
// field added there and forgotten here fails the type-check.
const sameDeclaration: Same<z.output<typeof StoredDeclarationSchema>, Declaration> = true;
const sameOutcome: Same<z.output<typeof StoredOutcomeSchema>, PolicyOutcome> = true;
void sameDeclaration;
void sameOutcome;
