/**
 * The camera of the checkpoint page (functions/src/staff/views/checkpoint.tsx): reads the QR code
 * of a receipt and sends the reference form, as if the reference had been typed. It uses the
 * browser's `BarcodeDetector` where there is one, else the small decoder /qr-decoder.js (jsQR),
 * fetched only then. Without a camera or without JavaScript the typed form does the same work.
 * Every word shown lives in the page's HTML (data-*), beside the form it belongs to.
 */
import { parseReference } from '../lib/reference';

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM types). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** Turns a video frame into the text of the QR code in it, if any. */
type Reader = (video: HTMLVideoElement) => Promise<string | undefined>;

// A look every this many milliseconds: quick enough to feel instant, light on a cheap phone.
const INTERVAL = 150;
// Frames are scaled to at most this width before jsQR looks at them.
const MAX_WIDTH = 640;

const scan = document.querySelector<HTMLElement>('[data-scan]');
const form = document.querySelector<HTMLFormElement>('#checkpoint-lookup');
const input = document.querySelector<HTMLInputElement>('#reference');
const video = scan?.querySelector<HTMLVideoElement>('video');
const view = scan?.querySelector<HTMLElement>('[data-scan-view]');
const status = scan?.querySelector<HTMLElement>('[data-scan-status]');
const start = scan?.querySelector<HTMLButtonElement>('[data-scan-start]');
const stop = scan?.querySelector<HTMLButtonElement>('[data-scan-stop]');

let stream: MediaStream | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let said = '';

/** Shows the message `name` (a data-* attribute of the scan section) once. */
function say(name: string): void {
  const text = scan?.dataset[name] ?? '';
  if (status && text !== said) status.textContent = text;
  said = text;
}

function stopCamera(): void {
  clearTimeout(timer);
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = undefined;
  if (video) video.srcObject = null;
  if (view) view.hidden = true;
  if (start) start.hidden = false;
}

async function barcodeReader(): Promise<Reader | undefined> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass })
    .BarcodeDetector;
  if (!Detector) return undefined;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    return async (frame) => (await detector.detect(frame))[0]?.rawValue;
  } catch {
    return undefined;
  }
}

async function jsqrReader(): Promise<Reader> {
  // A path, not a bundled import: the decoder is a file of its own, fetched only here.
  const url = '/qr-decoder.js';
  const { decode } = (await import(url)) as { decode: (image: ImageData) => string | undefined };
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (frame) => {
    if (!context || frame.videoWidth === 0) return undefined;
    const scale = Math.min(1, MAX_WIDTH / frame.videoWidth);
    canvas.width = Math.round(frame.videoWidth * scale);
    canvas.height = Math.round(frame.videoHeight * scale);
    context.drawImage(frame, 0, 0, canvas.width, canvas.height);
    return decode(context.getImageData(0, 0, canvas.width, canvas.height));
  };
}

/** What the camera saw: a reference sends the form; anything else says what it was. */
function found(text: string): boolean {
  const parsed = parseReference(text);
  if ('reference' in parsed && form && input) {
    input.value = parsed.reference;
    say('found');
    stopCamera();
    form.requestSubmit();
    return true;
  }
  say(/\/checkin\//.test(text) ? 'checkinCode' : 'notReference');
  return false;
}

async function startCamera(): Promise<void> {
  if (!video || !view || !start) return;
  say('starting');
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
      audio: false,
    });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    say(name === 'NotAllowedError' ? 'denied' : name === 'NotFoundError' ? 'noCamera' : 'failed');
    input?.focus();
    return;
  }
  video.srcObject = stream;
  view.hidden = false;
  start.hidden = true;
  try {
    await video.play();
  } catch {
    // Muted inline video may play without a gesture; a refusal still shows the first frame.
  }
  say('aim');
  const read = (await barcodeReader()) ?? (await jsqrReader());
  const look = async () => {
    if (!stream) return;
    const text = video.readyState >= 2 ? await read(video).catch(() => undefined) : undefined;
    if (text !== undefined && found(text)) return;
    timer = setTimeout(() => void look(), INTERVAL);
  };
  void look();
}

async function hasCamera(): Promise<boolean> {
  // Insecure pages (plain http on a LAN address) and old WebViews have no mediaDevices at all.
  if (!('mediaDevices' in navigator)) return false;
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.some((device) => device.kind === 'videoinput');
  } catch {
    return true;
  }
}

// A PC without a camera keeps only the typed form.
void hasCamera().then((camera) => {
  if (!scan) return;
  // Told on the page, for whoever checks what the script decided (the browser test does).
  scan.dataset['camera'] = camera ? 'yes' : 'no';
  if (!camera) return;
  scan.hidden = false;
  start?.addEventListener('click', () => void startCamera());
  stop?.addEventListener('click', () => {
    stopCamera();
    say('stopped');
  });
  addEventListener('pagehide', stopCamera);
});
