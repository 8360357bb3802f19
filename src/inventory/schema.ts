/**
 * The homelab model: one Proxmox VE node and its guests, validated with zod.
 * It is what `iacgen.yaml` holds under `proxmox:` and `guests:`, and what the embedded default
 * (the reference homelab) describes.
 */
import { z } from 'zod';

/** Guest kinds as Proxmox names them: QEMU VM, LXC container (CT), or a VM template. */
export const GUEST_TYPES = ['vm', 'ct', 'template'] as const;

/** A network service a guest offers (`grafana` on 3000). Ports are TCP unless said otherwise. */
export const serviceSchema = z
  .object({
    name: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
  })
  .strict();

/** A DNS label: what guest names, group names and roles must be (RFC 1123). */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a DNS label: lowercase letters, digits and inner hyphens, at most 63 characters');

/** An Ansible group name: Ansible warns about anything but letters, digits and `_`. */
export const groupName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, 'must be an Ansible group name: lowercase letters, digits and _ (no hyphens), not starting with a digit');

/** An IPv4 address in dotted-quad form. */
export const ipv4 = z.string().regex(
  /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  'must be an IPv4 address such as 192.168.2.101',
);

/** One guest of the node. `example: true` marks values that were invented, not given. */
export const guestSchema = z
  .object({
    /** Proxmox VMID, 100..999999999 (Proxmox reserves IDs below 100). */
    id: z.number().int().min(100).max(999_999_999),
    type: z.enum(GUEST_TYPES),
    name: dnsLabel,
    /** IPv4 address, or null where not known. */
    address: ipv4.nullable().default(null),
    /** What the guest is for (`proxy`, `monitoring`, `web`, `db`, `automation`), or null. */
    role: dnsLabel.nullable().default(null),
    description: z.string().optional(),
    services: z.array(serviceSchema).default([]),
    /** Ansible inventory groups the guest belongs to. */
    groups: z.array(groupName).default([]),
    example: z.boolean().default(false),
  })
  .strict();

/** The Proxmox VE node. */
export const proxmoxSchema = z
  .object({
    node: dnsLabel,
    /** API base URL, e.g. `https://192.168.2.200:8006/`. */
    api: z.url(),
    version: z.string().optional(),
  })
  .strict();

/** A whole inventory. Guest IDs and names are unique. */
export const inventorySchema = z
  .object({
    proxmox: proxmoxSchema,
    guests: z.array(guestSchema).min(1),
  })
  .superRefine((inv, ctx) => {
    const seenIds = new Map<number, number>();
    const seenNames = new Map<string, number>();
    inv.guests.forEach((guest, index) => {
      const idAt = seenIds.get(guest.id);
      if (idAt !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['guests', index, 'id'], message: `duplicate guest ID ${guest.id} (also guests[${idAt}])` });
      } else seenIds.set(guest.id, index);
      const nameAt = seenNames.get(guest.name);
      if (nameAt !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['guests', index, 'name'], message: `duplicate guest name '${guest.name}' (also guests[${nameAt}])` });
      } else seenNames.set(guest.name, index);
    });
  });

/** A validated guest. */
export type Guest = z.infer<typeof guestSchema>;
/** A validated inventory. */
export type Inventory = z.infer<typeof inventorySchema>;
/** Where an inventory came from: the embedded default, or a file (absolute path). */
export type InventorySource = { kind: 'default' } | { kind: 'file'; path: string };
