/**
 * The page tools, loaded only when someone taps one (src/scripts/preferences.js loads this file on
 * the first tap of a `[data-tool]` button, left in `window.firstlineTap`): copy the WeChat text,
 * read a text aloud in a Chinese
 * voice, print the page as its poster. Every word shown lives in the page's HTML (data-*), so a
 * content page carries no more than its 1 KB of inline script (PRODUCT.md §8).
 */
import { speechText } from '../lib/share';

const byId = (id: string | undefined) => (id ? document.getElementById(id) : null);

/** 复制文字: the clipboard, else the selection and the old copy command, else a long-press hint. */
async function copy(button: HTMLElement): Promise<void> {
  const text = byId(button.dataset['target']);
  if (!(text instanceof HTMLTextAreaElement)) return;
  let done = false;
  try {
    await navigator.clipboard.writeText(text.value);
    done = true;
  } catch {
    // The WeChat in-app browser and plain-http pages often have no clipboard API.
    text.select();
    text.setSelectionRange(0, text.value.length);
    try {
      // Deprecated, but the one copy that works in older in-app browsers.
      done = (document as { execCommand(command: string): boolean }).execCommand('copy');
    } catch {
      // The status below asks for a long-press instead.
    }
  }
  const status = byId(button.dataset['status']);
  if (status) status.textContent = (done ? button.dataset['done'] : button.dataset['failed']) ?? '';
}

/** A Chinese voice of this phone, if it has one. */
function chineseVoice(): SpeechSynthesisVoice | undefined {
  return speechSynthesis.getVoices().find((voice) => /^(zh|cmn)[-_](CN|Hans)/i.test(voice.lang));
}

// Each tap starts a new round; events of utterances from an earlier round are stale.
let round = 0;
let reading: HTMLElement | undefined;

function stop(): void {
  round++;
  speechSynthesis.cancel();
  if (reading) reading.textContent = reading.dataset['read'] ?? '';
  reading = undefined;
}

/** 朗读 / 停止: the target's text, line by line, in zh-CN at 0.9 of the normal rate. */
function read(button: HTMLElement): void {
  const wasReading = reading === button;
  stop();
  if (wasReading) return;
  const target = byId(button.dataset['target']);
  if (!target) return;
  const mine = round;
  reading = button;
  button.textContent = button.dataset['stop'] ?? '';
  // One utterance per short line: some engines stop part-way through a long one.
  const lines = speechText((target.innerText || target.textContent || '').trim()).split('\n');
  lines.forEach((line, index) => {
    const utterance = new SpeechSynthesisUtterance(line);
    utterance.voice = chineseVoice() ?? null;
    utterance.lang = 'zh-CN';
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = () => {
      if (mine === round && index === lines.length - 1) stop();
    };
    speechSynthesis.speak(utterance);
  });
}

/** Runs the tool of the tapped `button`. */
function run(button: HTMLElement): void {
  const tool = button.dataset['tool'];
  if (tool === 'copy') void copy(button);
  else if (tool === 'read' && 'speechSynthesis' in window) read(button);
  else if (tool === 'print') window.print();
}

addEventListener('pagehide', () => {
  if (reading) stop();
});
// The inline script loads this file on the first tap and keeps the button tapped: from now on
// every tool runs here, that one at once.
for (const tool of document.querySelectorAll<HTMLElement>('[data-tool]'))
  tool.onclick = () => run(tool);
const first = (window as { firstlineTap?: HTMLElement }).firstlineTap;
if (first) run(first);
