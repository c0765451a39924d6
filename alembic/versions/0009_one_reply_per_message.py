"""one reply per message: a unique index on message.reply_to_id

The reply to a customer's message is stored with ``INSERT … ON CONFLICT (reply_to_id) DO
NOTHING``: two requests replaying one unanswered message store one reply, enforced by the
database, and a turn no longer reads first to find out (one statement fewer per message).
The upgrade refuses, with the offending message IDs, a database that already holds two
replies to one message rather than pick one to delete.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 13:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    doubled = op.get_bind().execute(
        sa.text(
            "SELECT reply_to_id FROM message WHERE reply_to_id IS NOT NULL "
            "GROUP BY reply_to_id HAVING COUNT(*) > 1 LIMIT 10"
        )
    ).scalars().all()
    if doubled:
        raise RuntimeError(f"messages answered twice, resolve by hand before upgrading: {list(doubled)}")
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_reply_to_id')
        batch_op.create_index('ix_message_reply_to_id', ['reply_to_id'], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_reply_to_id')
        batch_op.create_index('ix_message_reply_to_id', ['reply_to_id'], unique=False)
