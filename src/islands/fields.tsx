/**
 * Form building blocks with the GOV.UK error pattern: label, hint, the message beside the field
 * (with a hidden "错误：") and the contract's ids, which the Worker's HTMLRewriter fills for the
 * no-JS form.
 */
import type { ComponentChildren, RefObject } from 'preact';
import {
  ERROR_PREFIX,
  ERROR_SUMMARY_ID,
  FIELD_ATTRIBUTE,
  FIELD_LABELS,
  HONEYPOT_FIELD,
  errorId,
  fieldId,
  hintId,
  summaryHref,
  type DeclarationField,
} from '../schemas/declaration-form';

interface FieldProps {
  name: DeclarationField;
  error?: string | undefined;
  hint?: string;
  optional?: boolean;
  /** A group of radios or checkboxes is a fieldset with a legend instead of a label. */
  group?: boolean;
  hidden?: boolean;
  children: ComponentChildren;
}

/** One question: label or legend, hint, error message and the control(s). */
export function Field({ name, error, hint, optional, group, hidden, children }: FieldProps) {
  const label = (
    <>
      {FIELD_LABELS[name]}
      {optional && <span class="optional">（选填）</span>}
    </>
  );
  const describe = (
    <>
      {hint && (
        <p class="hint" id={hintId(name)}>
          {hint}
        </p>
      )}
      <p class="field-error" id={errorId(name)} hidden={!error}>
        <span class="visually-hidden">{ERROR_PREFIX}</span>
        {error}
      </p>
    </>
  );
  const attributes = {
    class: `field${error ? ' has-error' : ''}`,
    [FIELD_ATTRIBUTE]: name,
    hidden,
  };
  return group ? (
    <fieldset {...attributes} id={fieldId(name)} tabIndex={-1}>
      <legend>{label}</legend>
      {describe}
      {children}
    </fieldset>
  ) : (
    <div {...attributes}>
      <label for={fieldId(name)}>{label}</label>
      {describe}
      {children}
    </div>
  );
}

/** aria attributes tying a control to its hint and error. */
export function described(name: DeclarationField, error: string | undefined, hint = false) {
  const ids = [hint ? hintId(name) : '', errorId(name)].filter(Boolean);
  return {
    id: fieldId(name),
    name,
    'aria-describedby': ids.join(' '),
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}

interface ChoicesProps {
  name: DeclarationField;
  type: 'radio' | 'checkbox';
  labels: Readonly<Record<string, string>>;
}

/** Radios or checkboxes, one per option, each with a large tap target. */
export function Choices({ name, type, labels }: ChoicesProps) {
  return (
    <div class="choices">
      {Object.entries(labels).map(([value, label]) => (
        <label class="choice" key={value}>
          <input type={type} name={name} value={value} />
          <span>{label}</span>
        </label>
      ))}
    </div>
  );
}

/**
 * The honeypot (PRODUCT.md §6) out of every person's way (issue 14): `inert` takes it out of the
 * tab order and the accessibility tree, and browsers' autofill fills only focusable fields, so
 * a saved address or a password manager cannot fill it and lose a real declaration;
 * `autocomplete="off"`, a label that names no kind of data and the password managers' own
 * ignore attributes (LastPass, 1Password) say the same to the rest. Its name
 * stays `website`, the API contract; bots that fill every field still find it.
 */
export function Honeypot() {
  return (
    <div class="hp" aria-hidden="true" inert>
      <label for={fieldId(HONEYPOT_FIELD)}>请勿填写</label>
      <input
        type="text"
        id={fieldId(HONEYPOT_FIELD)}
        name={HONEYPOT_FIELD}
        tabIndex={-1}
        autoComplete="off"
        data-lpignore="true"
        data-1p-ignore
      />
    </div>
  );
}

/** The error summary at the top of the form: focused when shown, linking to each field. */
export function ErrorSummary({
  issues,
  summaryRef,
}: {
  issues: readonly { path: string; message: string }[];
  summaryRef: RefObject<HTMLDivElement>;
}) {
  return (
    <div
      class="error-summary"
      id={ERROR_SUMMARY_ID}
      role="alert"
      tabIndex={-1}
      ref={summaryRef}
      hidden={issues.length === 0}
      aria-labelledby={`${ERROR_SUMMARY_ID}-title`}
    >
      <h2 id={`${ERROR_SUMMARY_ID}-title`}>请修改以下问题</h2>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>
            <a href={summaryHref(issue.path)}>{issue.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
