import { CoalescedTrigger } from './coalesced-trigger';

describe('CoalescedTrigger', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leading: fires at the first signal, once more at the window’s close if others came, and never for a quiet window', () => {
    const fire = jest.fn();
    const trigger = new CoalescedTrigger(fire, 50, { leading: true });
    trigger.signal();
    expect(fire).toHaveBeenCalledTimes(1);
    trigger.signal();
    trigger.signal();
    expect(fire).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(50);
    expect(fire).toHaveBeenCalledTimes(2);
    // That trailing firing opened a window of its own, which closes quietly.
    jest.advanceTimersByTime(50);
    expect(fire).toHaveBeenCalledTimes(2);
    trigger.signal();
    expect(fire).toHaveBeenCalledTimes(3);
  });

  it('trailing: one firing when the window closes, covering every signal in it; the next signal opens a new window', () => {
    const fire = jest.fn();
    const trigger = new CoalescedTrigger(fire, 20, { leading: false });
    trigger.signal();
    trigger.signal();
    jest.advanceTimersByTime(19);
    expect(fire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledTimes(1);
    trigger.signal();
    jest.advanceTimersByTime(20);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('stop drops a pending firing', () => {
    const fire = jest.fn();
    const trigger = new CoalescedTrigger(fire, 20, { leading: false });
    trigger.signal();
    trigger.stop();
    jest.advanceTimersByTime(100);
    expect(fire).not.toHaveBeenCalled();
  });
});
