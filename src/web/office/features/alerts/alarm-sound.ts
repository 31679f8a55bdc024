/**
 * The alarm's sound, made by the Web Audio API (no audio file to ship or fetch): a short two-tone beep,
 * repeated every 2 s while the alarm sounds. Browsers keep an AudioContext suspended until the person
 * has interacted with the page; `blocked` says so, and `unlock()` — called from a click — resumes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

const PERIOD_MS = 2000;
/** Hi–lo, like a centre's alarm: 960 Hz then 720 Hz, 180 ms each. */
const TONES: ReadonlyArray<{ hz: number; at: number; len: number }> = [
  { hz: 960, at: 0, len: 0.18 },
  { hz: 720, at: 0.22, len: 0.18 },
];

type Ctor = typeof AudioContext;
const AudioCtx: Ctor | undefined = typeof window === 'undefined' ? undefined : window.AudioContext ?? (window as unknown as { webkitAudioContext?: Ctor }).webkitAudioContext;

function beep(ctx: AudioContext): void {
  const t0 = ctx.currentTime + 0.02;
  for (const tone of TONES) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = tone.hz;
    // A quick ramp in and out: no clicks at the edges.
    gain.gain.setValueAtTime(0.0001, t0 + tone.at);
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + tone.at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.at + tone.len);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + tone.at);
    osc.stop(t0 + tone.at + tone.len + 0.02);
  }
}

export interface AlarmSound {
  /** The browser holds the sound back until the person clicks (autoplay policy). */
  blocked: boolean;
  /** No Web Audio in this browser: the alarm is silent (the modal and the title still show). */
  unsupported: boolean;
  unlock(): void;
}

export function useAlarmSound(sounding: boolean): AlarmSound {
  const ctx = useRef<AudioContext | null>(null);
  const [blocked, setBlocked] = useState(false);

  /** The context, made on first need — inside a gesture when the page has had none (else Chrome refuses it). */
  const open = useCallback(() => {
    if (!AudioCtx) return null;
    if (!ctx.current) {
      const c = new AudioCtx();
      c.addEventListener('statechange', () => setBlocked(c.state !== 'running'));
      ctx.current = c;
    }
    const c = ctx.current;
    void c.resume().then(
      () => setBlocked(c.state !== 'running'),
      () => setBlocked(true),
    );
    return c;
  }, []);

  const unlock = useCallback(() => void open(), [open]);

  useEffect(() => {
    if (!sounding || !AudioCtx) return;
    // Without an earlier gesture on this page the browser would hold the sound back: wait for one.
    if (navigator.userActivation?.hasBeenActive === false && !ctx.current) setBlocked(true);
    else open();
    // Any click or key on the page counts as the gesture that lets the sound play.
    const gesture = () => void open();
    window.addEventListener('pointerdown', gesture, true);
    window.addEventListener('keydown', gesture, true);
    const ring = () => {
      if (ctx.current?.state === 'running') beep(ctx.current);
    };
    ring();
    const id = setInterval(ring, PERIOD_MS);
    return () => {
      clearInterval(id);
      window.removeEventListener('pointerdown', gesture, true);
      window.removeEventListener('keydown', gesture, true);
    };
  }, [sounding, open]);

  useEffect(
    () => () => {
      void ctx.current?.close().catch(() => {});
      ctx.current = null;
    },
    [],
  );

  return { blocked: sounding && blocked, unsupported: !AudioCtx, unlock };
}

/** The page title alternates with the alarm's text while it sounds, so a background tab shows it too. */
export function useTitleFlash(text: string | null): void {
  useEffect(() => {
    if (!text) return;
    const original = document.title;
    let on = false;
    const id = setInterval(() => {
      on = !on;
      document.title = on ? text : original;
    }, 1000);
    document.title = text;
    return () => {
      clearInterval(id);
      document.title = original;
    };
  }, [text]);
}
