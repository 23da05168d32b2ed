import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** zxcvbn's scale runs 0-4; 3 resists an offline attack on a slow hash (about 10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;

export const WEAK_PASSWORD_MESSAGE = 'is too easy to guess: add another word or two';

// Built on first use: the dictionaries take a moment, and most imports never check a password.
let estimator: ZxcvbnFactory | undefined;

function strengthEstimator() {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/** Whether a password is hard enough to guess (common words, repeats, sequences, keyboard walks). */
export function isStrongPassword(password: string): boolean {
  return strengthEstimator().check(password).score >= MIN_PASSWORD_SCORE;
}
