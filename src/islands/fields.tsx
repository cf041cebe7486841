/**
 * Form building blocks with the GOV.UK error pattern: label, hint, the message beside the field
 * (with a hidden "错误：") and stable ids the Worker's HTMLRewriter fills for the no-JS form.
 */
import type { ComponentChildren, RefObject } from 'preact';
import { FIELD_LABELS, type DeclarationField } from '../schemas/declaration';

/** The id of a field's input; the error summary links to it. */
export const fieldId = (name: DeclarationField) => `f-${name}`;

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
        <p class="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      )}
      <p class="field-error" id={`${fieldId(name)}-error`} hidden={!error}>
        <span class="visually-hidden">错误：</span>
        {error}
      </p>
    </>
  );
  const className = `field${error ? ' has-error' : ''}`;
  return group ? (
    <fieldset class={className} data-field={name} hidden={hidden} id={fieldId(name)} tabIndex={-1}>
      <legend>{label}</legend>
      {describe}
      {children}
    </fieldset>
  ) : (
    <div class={className} data-field={name} hidden={hidden}>
      <label for={fieldId(name)}>{label}</label>
      {describe}
      {children}
    </div>
  );
}

/** aria attributes tying a control to its hint and error. */
export function described(name: DeclarationField, error: string | undefined, hint = false) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', `${fieldId(name)}-error`].filter(Boolean);
  return {
    id: fieldId(name),
    name,
    'aria-describedby': ids.join(' '),
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}

interface ChoicesProps<T extends string> {
  name: DeclarationField;
  type: 'radio' | 'checkbox';
  labels: Readonly<Record<T, string>>;
  checked?: T | undefined;
  onChange?: (value: T) => void;
}

/** Radios or checkboxes, one per option, each with a large tap target. */
export function Choices<T extends string>({
  name,
  type,
  labels,
  checked,
  onChange,
}: ChoicesProps<T>) {
  return (
    <div class="choices">
      {(Object.keys(labels) as T[]).map((value) => (
        <label class="choice" key={value}>
          <input
            type={type}
            name={name}
            value={value}
            defaultChecked={checked === value}
            onChange={onChange && (() => onChange(value))}
          />
          <span>{labels[value]}</span>
        </label>
      ))}
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
      id="error-summary"
      role="alert"
      tabIndex={-1}
      ref={summaryRef}
      hidden={issues.length === 0}
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">请修改以下问题</h2>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>
            <a
              href={
                issue.path ? `#${fieldId(issue.path as DeclarationField)}` : '#declaration-form'
              }
            >
              {issue.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
