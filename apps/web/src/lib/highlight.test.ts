import { describe, expect, it } from 'vitest';
import { safeHighlight } from './highlight';

describe('safeHighlight', () => {
  it('keeps <mark> and the escaped text as they are', () => {
    expect(safeHighlight('耐高温 <mark>激光</mark>器 &amp; &lt;b&gt;')).toBe('耐高温 <mark>激光</mark>器 &amp; &lt;b&gt;');
  });

  it('escapes any other tag', () => {
    expect(safeHighlight('<img src=x onerror=alert(1)><mark>a</mark><script>x</script>')).toBe('&lt;img src=x onerror=alert(1)><mark>a</mark>&lt;script>x&lt;/script>');
    expect(safeHighlight('<mark onclick=x>a</mark>')).toBe('&lt;mark onclick=x>a</mark>');
  });
});
