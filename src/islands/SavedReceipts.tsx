/**
 * The receipt page's island: shows a receipt kept on this phone — the one named after `#` in
 * the address, else the newest — so a returnee can reopen it from the home page or after a
 * reload. Without a kept receipt (or without JavaScript) the page stays the template the Worker
 * fills for the no-JS form.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { ReceiptData } from '../lib/receipt';
import { qrSvg } from '../lib/qr';
import { Receipt } from './Receipt';
import { RECEIPTS_PAGE, savedReceipts, type SavedReceipt } from './saved-receipts';

interface Shown {
  receipt: SavedReceipt;
  others: SavedReceipt[];
}

function choose(): Shown | undefined {
  const all = savedReceipts();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const receipt = all.find((saved) => saved.reference === wanted) ?? all[0];
  return receipt && { receipt, others: all.filter((saved) => saved !== receipt) };
}

/** The kept receipt, or `template` (what the build renders and the Worker fills) when none. */
export default function SavedReceipts({ template }: { template: ReceiptData }) {
  const [shown, setShown] = useState<Shown>();
  useEffect(() => {
    const show = () => setShown(choose());
    show();
    addEventListener('hashchange', show);
    return () => removeEventListener('hashchange', show);
  }, []);
  // Before the frame is painted: a reader never sees, or hears, the template's title.
  useLayoutEffect(() => {
    if (!shown) return;
    for (const element of document.querySelectorAll<HTMLElement>('[data-receipt-template]'))
      element.hidden = true;
    document.title = `报备回执 ${shown.receipt.reference}`;
  }, [shown]);

  if (!shown) return <Receipt data={template} />;
  const { receipt, others } = shown;
  return (
    <>
      <Receipt
        data={receipt}
        qrOf={qrSvg}
        onPrint={() => window.print()}
        userAgent={navigator.userAgent}
      />
      {others.length > 0 && (
        <nav class="no-print saved-receipts" aria-labelledby="saved-receipts-title">
          <h2 id="saved-receipts-title">这部手机上还保存了这些回执</h2>
          <ul>
            {others.map((other) => (
              <li key={other.reference}>
                <a href={`${RECEIPTS_PAGE}#${other.reference}`}>
                  {other.person ? `${other.person.name} ` : ''}
                  {other.reference}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </>
  );
}
