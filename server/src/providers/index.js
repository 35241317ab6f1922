// The built-in catalog: definitions written from each provider's public documentation (the page is
// named at the top of each file). A project enables one by listing its id; see docs/server.md.
import airtable from './airtable.js';
import anthropic from './anthropic.js';
import asana from './asana.js';
import box from './box.js';
import brevo from './brevo.js';
import cloudflare from './cloudflare.js';
import dropbox from './dropbox.js';
import freshdesk from './freshdesk.js';
import github from './github.js';
import gitlab from './gitlab.js';
import google from './google.js';
import hubspot from './hubspot.js';
import huggingface from './huggingface.js';
import intercom from './intercom.js';
import jira from './jira.js';
import linear from './linear.js';
import mailchimp from './mailchimp.js';
import microsoft from './microsoft.js';
import mistral from './mistral.js';
import notion from './notion.js';
import openai from './openai.js';
import pipedrive from './pipedrive.js';
import postmark from './postmark.js';
import quickbooks from './quickbooks.js';
import salesforce from './salesforce.js';
import sendgrid from './sendgrid.js';
import shopify from './shopify.js';
import slack from './slack.js';
import stripe from './stripe.js';
import twilio from './twilio.js';
import typeform from './typeform.js';
import xero from './xero.js';
import zendesk from './zendesk.js';
import zoom from './zoom.js';

const PROVIDERS = [
  airtable, anthropic, asana, box, brevo, cloudflare, dropbox, freshdesk, github, gitlab, google, hubspot,
  huggingface, intercom, jira, linear, mailchimp, microsoft, mistral, notion, openai, pipedrive, postmark,
  quickbooks, salesforce, sendgrid, shopify, slack, stripe, twilio, typeform, xero, zendesk, zoom,
];

function deepFreeze(value) {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

/** Built-in definitions by id; frozen, since every configuration merges its overrides into copies. */
export const BUILTIN_INTEGRATIONS = deepFreeze(Object.fromEntries(PROVIDERS.map((provider) => [provider.id, provider])));
