'use client';
// The latest value of a callback for code that outlives the render it came from (a poll loop, an event
// stream): the effect keeps running with its own dependencies, and calls `ref.current` to reach the newest
// callback instead of restarting whenever the caller passes a new function.
import { useEffect, useRef } from 'react';

export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  }, [value]);
  return ref;
}
