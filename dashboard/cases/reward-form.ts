import { html } from 'hono/html';
import type { Case } from '../../domain/index.js';
import { tipRewards, type TipReward } from '../../domain/tips.js';
import { options, type Html } from '../html/layout.js';
import { rewardLabels } from '../labels.js';
import { caseLink } from './list-page.js';

/**
 * 举报奖励 on an anonymous tip's case: its state for every official who may see the case, and for the county
 * bureau a form to record the decision. Nothing here is about the tipster: the state is all the tip gives away.
 */
export function rewardBlock(c: Case, reward: TipReward | null, canChange: boolean, csrf: Html): Html {
  if (reward === null) {
    return html`<section class="card reward"><h2>举报奖励</h2><p class="muted">该举报没有奖励记录。</p></section>`;
  }
  return html`<section class="card reward">
    <h2>举报奖励</h2>
    <p>当前状态：<strong data-reward="${reward}">${rewardLabels[reward]}</strong></p>
    ${canChange
      ? html`<form method="post" action="${caseLink(c)}/reward" class="inline-form">
          ${csrf}<input type="hidden" name="current" value="${reward}">
          <label>奖励状态<select name="reward" required>${options(tipRewards, (r) => rewardLabels[r], reward)}</select></label>
          <button type="submit" data-action="reward">更新奖励状态</button>
        </form>
        <p class="hint">举报人凭举报码和举报密码查询时即可看到此状态；选“符合奖励条件”时，会提示其凭举报码和密码向县应急管理局申领。</p>`
      : html`<p class="hint">举报奖励由县应急管理局核定。</p>`}
  </section>`;
}
