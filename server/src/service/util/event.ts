import type { Disposable, Event } from '../types';

/** A minimal event emitter, so the service needs no host library for its events. */
export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function disposeAll(disposables: Disposable[]): void {
  while (disposables.length > 0) disposables.pop()?.dispose();
}
