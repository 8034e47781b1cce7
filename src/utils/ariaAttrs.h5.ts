// On H5 aria-* are ordinary DOM attributes: nothing to register.
export const ARIA_ATTRS: string[] = []
export const ARIA_COMPONENTS: string[] = []

export function registerAriaAttributes(): void {}
