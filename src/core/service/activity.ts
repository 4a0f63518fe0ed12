/**
 * API requests in progress over every protocol, and when the last one began or ended: at
 * shutdown the API stays open until an app stopping beside us has gone quiet.
 */
export class ApiActivity {
  active = 0;
  lastAt = Date.now();

  enter(): void {
    this.active++;
    this.lastAt = Date.now();
  }

  leave(): void {
    this.active--;
    this.lastAt = Date.now();
  }

  /** No request in progress, and none began or ended within the last `quietMs`. */
  isQuiet(quietMs: number, now = Date.now()): boolean {
    return this.active === 0 && now - this.lastAt >= quietMs;
  }
}
