import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useDetailsMenu } from './useDetailsMenu';

function Menu() {
  const { ref, close } = useDetailsMenu();
  return (
    <>
      <details ref={ref}>
        <summary>Actions</summary>
        <button
          type="button"
          onClick={() => {
            close(true);
          }}
        >
          Act
        </button>
      </details>
      <button type="button">Elsewhere</button>
    </>
  );
}

function setup() {
  const user = userEvent.setup();
  render(<Menu />);
  const summary = screen.getByText('Actions');
  const details = summary.closest('details');
  if (!details) throw new Error('no <details>');
  return { user, summary, details };
}

describe('useDetailsMenu', () => {
  it('closes on Escape and gives the focus back to the summary', async () => {
    const { user, summary, details } = setup();
    await user.click(summary);
    expect(details).toHaveAttribute('open');
    screen.getByRole('button', { name: 'Act' }).focus();
    await user.keyboard('{Escape}');
    expect(details).not.toHaveAttribute('open');
    expect(summary).toHaveFocus();
  });

  it('leaves Escape alone while the menu is closed', () => {
    setup();
    // Not prevented: a dialog or the browser may still want it.
    expect(fireEvent.keyDown(document, { key: 'Escape' })).toBe(true);
  });

  it('closes on a click outside, not on a click inside', async () => {
    const { user, summary, details } = setup();
    await user.click(summary);
    await user.pointer({ keys: '[MouseLeft>]', target: screen.getByRole('button', { name: 'Act' }) });
    expect(details).toHaveAttribute('open');
    await user.pointer({ keys: '[/MouseLeft]' });
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    expect(details).not.toHaveAttribute('open');
  });

  it('closes when the focus leaves it (Tab past the last item)', async () => {
    const { user, summary, details } = setup();
    await user.click(summary);
    screen.getByRole('button', { name: 'Act' }).focus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Elsewhere' })).toHaveFocus();
    expect(details).not.toHaveAttribute('open');
  });

  it('closes from an item, with the focus back on the summary', async () => {
    const { user, summary, details } = setup();
    await user.click(summary);
    await user.click(screen.getByRole('button', { name: 'Act' }));
    expect(details).not.toHaveAttribute('open');
    expect(summary).toHaveFocus();
  });
});
