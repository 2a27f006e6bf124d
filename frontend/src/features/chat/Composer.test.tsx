import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from './Composer';

describe('Composer', () => {
  it('sends on Enter, keeps Shift+Enter as a new line, and signals typing at most every 3 s', async () => {
    const onSend = vi.fn();
    const onTyping = vi.fn();
    render(<Composer onSend={onSend} onTyping={onTyping} />);
    const box = screen.getByLabelText('Votre message');
    await userEvent.type(box, 'Bonjour{Shift>}{Enter}{/Shift}Rouen');
    expect(onSend).not.toHaveBeenCalled();
    expect(onTyping).toHaveBeenCalledTimes(1);
    await userEvent.type(box, '{Enter}');
    expect(onSend).toHaveBeenCalledWith('Bonjour\nRouen');
    expect(box).toHaveValue('');
  });

  it('does not send blank messages', async () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} onTyping={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Votre message'), '   {Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(onSend).not.toHaveBeenCalled();
  });
});
